"""Action plan pages, by the work they serve; re-exported so urls.py names them as before."""

from safer.plans.views.annual import (  # noqa: F401
    annual_report,
    annual_report_download,
    annual_report_list,
    annual_report_text,
    narrative_edit,
)
from safer.plans.views.funding import (  # noqa: F401
    allocation_add,
    allocation_detail,
    funding,
    grant_add,
    output_add,
    spend_add,
)
from safer.plans.views.performance import (  # noqa: F401
    dashboard,
    indicator_detail,
    indicator_settings,
    indicator_value,
    performance,
    performance_download,
)
from safer.plans.views.plans import (  # noqa: F401
    follow_up,
    plan_detail,
    plan_export,
    plan_import,
    plan_list,
    plan_settings,
    task_owner,
    task_update,
)
