"""Console members: who may sign in to `/developers`, their roles, links and sessions."""
