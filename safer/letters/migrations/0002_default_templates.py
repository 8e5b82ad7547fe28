"""The partnership's default wording for the six letters, version 1 of each.

The wording is generic on purpose: a co-ordinator edits it (adding phone numbers, the local
case review procedure, the landlord's name) and their organisation's staff then use their
version. Kept in this file, not imported from the app, so the migration never changes.
"""

from django.db import migrations

SIGN_OFF = """Yours sincerely

{{ officer.name }}
{{ officer.organisation }}
{{ officer.email }}"""

DEFAULTS = {
    "first_warning": (
        "Reports of anti-social behaviour",
        """Dear {{ recipient.full_name }}

We have received reports of behaviour at or near your home that is said to be causing nuisance, annoyance, harassment, alarm or distress to other people. We are looking into these reports under case {{ case.reference }}.

We have not decided who is responsible. We are writing so that you know about the reports and have the chance to put things right before any further action is needed.

Please make sure that you, anyone who lives with you and anyone who visits you do not behave in a way that causes nuisance or annoyance to others.

If the reports continue, we may take further action with our partners. This could include an acceptable behaviour contract, a community protection warning, or an application to the court for a civil injunction under the Anti-social Behaviour, Crime and Policing Act 2014. If you rent your home, we may also tell your landlord.

If you think these reports are wrong, or there is something we should know, such as a health condition or a need for support, please contact me within 14 days of the date of this letter.

"""
        + SIGN_OFF,
    ),
    "acceptable_behaviour_contract": (
        "Acceptable behaviour contract",
        """Dear {{ recipient.full_name }}

Following reports of anti-social behaviour (our reference {{ case.reference }}), we would like you to agree to an acceptable behaviour contract.

An acceptable behaviour contract is a written, voluntary agreement between you and the agencies working with you. It lists the behaviour you agree to stop and the support we will offer to help you keep to it. It is not a court order, and signing it does not mean you admit to a criminal offence.

We would like to meet you to talk about the contract, agree its terms and sign it. You may bring a parent, carer, support worker or friend. Please contact me within 14 days of the date of this letter to arrange a time.

The contract normally lasts six months, and we will review it with you during that time. If you do not agree to a contract, or do not keep to it, the agencies may take further action, such as a community protection notice or an application for a civil injunction, and may tell the court that you were offered a contract.

"""
        + SIGN_OFF,
    ),
    "community_protection_warning": (
        "Community protection warning",
        """Dear {{ recipient.full_name }}

This is a community protection warning given under section 43 of the Anti-social Behaviour, Crime and Policing Act 2014 (our reference {{ case.reference }}).

We are satisfied that your conduct is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality, and that the conduct is unreasonable.

The conduct, what you must stop doing or do, and by when, is:

{{ letter.details }}

If you have not done so by then, a community protection notice may be issued to you. Failing to comply with a community protection notice is a criminal offence: you could be given a fixed penalty notice or, if convicted, a fine of up to level 4 on the standard scale (up to £2,500 for an individual and £20,000 for a business).

If you would like to talk about this warning, or you think it has been given wrongly, please contact me.

"""
        + SIGN_OFF,
    ),
    "community_protection_notice": (
        "Community protection notice",
        """Dear {{ recipient.full_name }}

This is a community protection notice issued under section 43 of the Anti-social Behaviour, Crime and Policing Act 2014 (our reference {{ case.reference }}).

You were given a written warning that this notice would be issued unless your conduct stopped having a detrimental effect on the quality of life of those in the locality. You have had enough time to deal with the matter, and the conduct has continued.

This notice requires you to:

{{ letter.details }}

Failing to comply with this notice without a reasonable excuse is a criminal offence under section 48 of the Act. You could be given a fixed penalty notice of up to £100 or, if convicted, a fine of up to level 4 on the standard scale (up to £2,500 for an individual and £20,000 for a business). We may also carry out the work the notice requires and recover the cost from you, and the court may order the forfeiture of any item used in the conduct.

You may appeal against this notice to a magistrates' court within 21 days of the date it was issued, on the grounds set out in section 46 of the Act. While an appeal is decided, a requirement to stop doing something still applies unless the court orders otherwise; any other requirement is suspended.

"""
        + SIGN_OFF,
    ),
    "case_closure_to_victim": (
        "Your anti-social behaviour case has been closed",
        """Dear {{ recipient.full_name }}

Thank you for reporting anti-social behaviour to us. I am writing to tell you that we have closed your case, reference {{ case.reference }}.

The outcome of the case is: {{ case.outcome }}

If the problems start again, please report them to us and quote your case reference, so that we can take the history into account. In an emergency, or if a crime is happening, call 999. To report a crime that is not an emergency, call 101.

If you are not satisfied with how your reports have been dealt with, you have the right to ask for an anti-social behaviour case review (sometimes called the Community Trigger). You can ask for a review if you have reported anti-social behaviour to the council, the police or a registered housing provider three times or more in the last six months (the local case review procedure may set a lower number). The agencies will then look together at how your reports were handled and whether more can be done. Please contact me if you would like to ask for a review or want to know more.

Asking for a case review does not affect your right to make a complaint to any of the agencies involved.

"""
        + SIGN_OFF,
    ),
    "case_review_invitation": (
        "Invitation to your anti-social behaviour case review",
        """Dear {{ recipient.full_name }}

You asked for an anti-social behaviour case review (the Community Trigger) about case {{ case.reference }}. Your application meets the threshold for a review, and the partner agencies will meet to look at how your reports have been handled and whether more can be done.

We would like to invite you to the review meeting, or to tell us your views before it. The details are:

{{ letter.details }}

You may bring a friend, relative or support worker. If you need an interpreter, an accessible venue or any other help to take part, please tell me as soon as possible.

After the review we will write to you with its findings and any recommendations. If you are not satisfied with how the review was carried out, you can ask for it to be looked at again, as set out in the local case review procedure.

"""
        + SIGN_OFF,
    ),
}


def add_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, (title, body) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(
            organisation=None,
            kind=kind,
            version=1,
            defaults={"title": title, "body": body, "note": "Partnership default"},
        )


def remove_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(
        organisation=None, version=1, edited_by=None, letters__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
