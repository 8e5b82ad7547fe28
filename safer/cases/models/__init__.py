"""Reports of anti-social behaviour and nuisance, the cases built from them, their risk
assessments, action plans, notes, documents, interventions and timeline: one module a
concept, re-exported here so `safer.cases.models.<Name>` keeps working."""

from safer.cases.models.base import (  # noqa: F401
    BAND_ORDER,
    CASE_TERMS_VECTOR,
    SEARCH_WORD,
    ReferenceCounter,
    RiskBand,
    SearchTerms,
    Versioned,
    WordsStartWith,
)
from safer.cases.models.cases import (  # noqa: F401
    Affected,
    Case,
    Report,
    ReportPerson,
    ReportPhoto,
)
from safer.cases.models.imports import (  # noqa: F401
    ImportedRecord,
)
from safer.cases.models.interventions import (  # noqa: F401
    Breach,
    Intervention,
    InterventionChange,
    NuisanceAssessment,
)
from safer.cases.models.risk import (  # noqa: F401
    RiskAssessment,
    RiskQuestionnaire,
)
from safer.cases.models.work import (  # noqa: F401
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseTask,
)
