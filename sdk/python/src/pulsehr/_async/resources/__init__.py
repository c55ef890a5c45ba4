"""The resource namespaces of `AsyncPulse`, one module per resource."""
