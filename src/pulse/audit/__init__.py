"""The audit log: who did what to a workspace, when, from where."""
