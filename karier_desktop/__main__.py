import multiprocessing

from karier_desktop.console import use_utf8_streams

if __name__ == "__main__":
    # Batch PDF rendering uses spawned worker processes; a frozen program must let them start.
    multiprocessing.freeze_support()
    # Redirected output (`KarierASN-cli gap … --json > f.json`) is UTF-8 on any code page.
    use_utf8_streams()
    from karier_desktop.cli import main

    raise SystemExit(main())
