from ninja import Router

router = Router(tags=["hate incidents"])
