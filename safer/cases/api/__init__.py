"""Case-management endpoints: the same access, selectors and services as the pages. One router,
its operations in modules by the work they serve; importing them registers them."""

from ninja import Router

router = Router(tags=["cases"])

from safer.cases.api import cases, interventions, reports, work  # noqa: E402, F401 - they register

__all__ = ["router"]
