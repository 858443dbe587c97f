import sys

from videotermin_app.cli import main

sys.exit(main())
