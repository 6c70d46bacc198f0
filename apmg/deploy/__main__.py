import sys

from apmg.deploy.cli import main

sys.exit(main())
