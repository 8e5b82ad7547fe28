from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referrals into partner schemes (support, mediation, target hardening, youth diversion,
    drug and alcohol, domestic abuse with the risk checklist and MARAC)."""

    name = "safer.referrals"
    label = "referrals"
