"""Intelligence hub pages: thin views over the selectors, hotspot and prediction modules.

Every page needs the analytics capability (analysts and co-ordinators). Each chart comes with
its table and a CSV download of the same figures. Split by the work they serve and re-exported,
so urls.py names them as before.
"""

from safer.intel.views.cases import (  # noqa: F401
    asb,
    asb_download,
    near_repeats,
    near_repeats_download,
)
from safer.intel.views.common import DOWNLOADS, _analyst  # noqa: F401
from safer.intel.views.dashboard import (  # noqa: F401
    dashboard,
    download,
)
from safer.intel.views.imports import (  # noqa: F401
    area_create,
    areas,
    import_upload,
    imports,
)
from safer.intel.views.maps import (  # noqa: F401
    crime_map,
    hotspot_map,
)
from safer.intel.views.predictions import prediction_map  # noqa: F401
