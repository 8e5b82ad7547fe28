"""The domestic abuse, stalking, harassment and honour-based violence risk identification
checklist (DASH RIC, SafeLives 2009): its 27 questions in plain words, in the published order,
and how a completed checklist is scored.

High risk ("visible high risk") when 14 or more questions are answered yes; the assessor's
professional judgement may also make it high risk whatever the count, and so may escalation
(SafeLives: three or more police call-outs for domestic abuse in the past 12 months). A high
risk result is a reason to refer the victim to the multi-agency risk assessment conference
(MARAC); the system proposes that referral and leaves it to the assessor to make.
"""

from dataclasses import dataclass

HIGH_RISK_YES = 14

ANSWERS = (("yes", "Yes"), ("no", "No"), ("not_known", "Not known"))

# "The person harming you" stands for the abuser named in the checklist.
QUESTIONS: tuple[str, ...] = (
    "Has the current incident resulted in injury?",
    "Are you very frightened?",
    "Are you afraid of further injury or violence?",
    "Do you feel isolated from family or friends: does the person harming you try to stop you "
    "seeing friends, family, your doctor or others?",
    "Are you feeling depressed or having suicidal thoughts?",
    "Have you separated or tried to separate from the person harming you within the past year?",
    "Is there conflict over contact with the children?",
    "Does the person harming you constantly text, call, contact, follow, stalk or harass you?",
    "Are you pregnant, or have you had a baby in the last 18 months?",
    "Are there children or step-children in the household who are not the person harming you's, "
    "or other dependants (such as an older relative)?",
    "Has the person harming you ever hurt the children or dependants?",
    "Has the person harming you ever threatened to hurt or kill the children or dependants?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the person harming you try to control everything you do, or are they excessively "
    "jealous?",
    "Has the person harming you ever used weapons or objects to hurt you?",
    "Has the person harming you ever threatened to kill you or someone else, and you believed "
    "them?",
    "Has the person harming you ever tried to strangle, choke, suffocate or drown you?",
    "Does the person harming you do or say things of a sexual nature that make you feel bad or "
    "that physically hurt you or someone else?",
    "Is there any other person who has threatened you or who you are afraid of?",
    "Do you know if the person harming you has hurt anyone else (children, a brother or sister, "
    "an older relative, a stranger, a previous partner)?",
    "Has the person harming you ever mistreated an animal or the family pet?",
    "Are there money problems: do you depend on the person harming you for money, or have they "
    "recently lost their job?",
    "Has the person harming you had problems in the past year with drugs (prescribed or "
    "other), alcohol or mental health, leading to problems in leading a normal life?",
    "Has the person harming you ever threatened or attempted suicide?",
    "Has the person harming you ever broken bail, an injunction or a formal agreement about "
    "when they can see you or the children?",
    "Do you know if the person harming you has ever been in trouble with the police or has a "
    "criminal history?",
)

KEYS: tuple[str, ...] = tuple(f"q{number}" for number in range(1, len(QUESTIONS) + 1))
assert len(QUESTIONS) == 27


@dataclass(frozen=True)
class Result:
    yes_count: int
    high_risk: bool
    because: str  # why it is high risk, in words; "" when it is not


def score(answers: dict[str, str], *, professional_judgement: bool, escalation: bool) -> Result:
    """Count the yes answers and decide whether the risk is high, saying why."""
    yes = sum(1 for key in KEYS if answers.get(key) == "yes")
    reasons = []
    if yes >= HIGH_RISK_YES:
        reasons.append(f"{yes} of 27 answers are yes ({HIGH_RISK_YES} or more is high risk)")
    if professional_judgement:
        reasons.append("the assessor's professional judgement")
    if escalation:
        reasons.append("escalation (repeated police call-outs)")
    return Result(yes_count=yes, high_risk=bool(reasons), because="; ".join(reasons))


# (number, key, question) for forms and pages.
NUMBERED: tuple[tuple[int, str, str], ...] = tuple(
    (number, key, question)
    for number, (key, question) in enumerate(zip(KEYS, QUESTIONS, strict=True), start=1)
)
