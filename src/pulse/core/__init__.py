"""The bottom layer: value types and the error tree that every other layer uses.

Nothing here imports from the rest of `pulse`.
"""
