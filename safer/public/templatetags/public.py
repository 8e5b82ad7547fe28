from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from safer.core.context_processors import html_lang

register = template.Library()


@register.inclusion_tag("public/_language_switcher.html", takes_context=True)
def language_switcher(context):
    """Each language by its own name, as a link that keeps the visitor on the same page."""
    request = context["request"]
    current = get_language()
    here = request.get_full_path()
    return {
        "languages": [
            {
                "code": code,
                "lang": html_lang(code),
                "name": name,
                "current": code == current,
                "url": reverse("public:language") + "?" + urlencode({"lang": code, "next": here}),
            }
            for code, name in settings.LANGUAGES
        ]
    }
