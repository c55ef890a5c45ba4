"""What every route shares: errors, auth, pagination, rate limits, idempotency, transactions."""
