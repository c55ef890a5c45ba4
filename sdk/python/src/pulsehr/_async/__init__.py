"""`AsyncPulse`, its API client, its pages and its resource namespaces."""
