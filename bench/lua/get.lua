-- GET with the API key (the reference app ignores it).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
