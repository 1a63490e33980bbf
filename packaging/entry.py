"""Entry script of the PyInstaller bundle: ``workbench`` is the command line, ``workbench-gui`` the window.

Both executables run this script (one analysis, two launchers): the name the program was started
by chooses, as the wheel's ``workbench`` console script and ``workbench-gui`` gui-script do. On
Windows ``workbench-gui`` is built without a console window.
"""

import sys
from pathlib import Path

from workbench.cli import gui_main, main

if __name__ == "__main__":
    if Path(sys.executable).stem.lower() == "workbench-gui":
        gui_main()
    sys.exit(main())
