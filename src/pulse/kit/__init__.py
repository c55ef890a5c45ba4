"""What every route shares: the route class and its session, write plans, errors on the
wire, auth, pagination, rate limits, idempotency, rendering."""
