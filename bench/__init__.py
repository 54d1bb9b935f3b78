"""make bench: the national-scale data set, page timings, query counts, operation throughput and the load run."""
