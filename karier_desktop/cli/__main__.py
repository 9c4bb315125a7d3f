"""`python -m karier_desktop.cli`, as `python -m karier_desktop`."""

from karier_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
