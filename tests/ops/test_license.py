"""The LICENSE file is the whole GNU AGPL v3 as the FSF publishes it (pyproject.toml says
AGPL-3.0-or-later; section 13 obliges a network service to offer its source)."""

import hashlib
from pathlib import Path

LICENSE = Path(__file__).resolve().parents[2] / "LICENSE"


def test_license_is_the_fsf_text_of_the_agpl_v3():
    text = LICENSE.read_text()
    lines = text.splitlines()
    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert lines[-1] == "<https://www.gnu.org/licenses/>."
    # The FSF's agpl-3.0.txt, byte for byte.
    assert len(LICENSE.read_bytes()) == 34523
    # (MD5 eb1e647870add0502f8f010b19de32af, as listed for agpl-3.0.txt.)
    digest = hashlib.sha256(LICENSE.read_bytes()).hexdigest()
    assert digest == "0d96a4ff68ad6d4b6f1f30f713b18d5184912ba8dd389f86aa7710db079abcb0"
