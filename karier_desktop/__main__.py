from karier_desktop.cli import main

raise SystemExit(main())
