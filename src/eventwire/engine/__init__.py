"""The ingest engine: a driver that reads files and owns the database, and runners that code batches of them.

    files -> driver (read, hash, skip known) -> runner (pipeline per batch: inline | processes | Dask)
          -> driver (one transaction per batch) -> merge and story threads over everything stored
"""
