import sys

from apmg.cli.main import main

sys.exit(main())
