from django.conf import settings


def service(request) -> dict:
    """Service name and phase for the GOV.UK header and phase banner."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


def language(request) -> dict:
    """The page's language for <html lang dir>: the visitor's on public pages (BCP 47, with the
    script capitalised: zh-Hant), English (en-GB) on staff pages."""
    from django.utils import translation

    from safer.core.middleware import is_public_language_path

    if not is_public_language_path(request.path):
        return {"html_lang": "en-GB", "html_dir": "ltr"}
    code = translation.get_language() or settings.LANGUAGE_CODE
    info = translation.get_language_info(code)
    return {
        "html_lang": html_lang(code),
        "html_dir": "rtl" if info["bidi"] else "ltr",
        "language_code": code,
    }


def html_lang(code: str) -> str:
    """Django's language code as the lang attribute the public pages carry: en, pl, pa, zh-Hant,
    ur (English is British English, written en as the other languages are, without region)."""
    if code.startswith("en"):
        return "en"
    if code == "zh-hant":
        return "zh-Hant"
    return code
