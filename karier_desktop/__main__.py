import multiprocessing

from karier_desktop.cli import main

if __name__ == "__main__":
    # Batch PDF rendering uses spawned worker processes; a frozen program must let them start.
    multiprocessing.freeze_support()
    raise SystemExit(main())
