"""What the tests share: the environment they run in, clients of the API, the worlds
they build and the servers they start. Fixtures stay in the conftest files."""
