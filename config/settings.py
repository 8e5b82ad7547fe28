"""Safer Communities settings: one module, everything read from environment variables.

Production hardening is on whenever DEBUG is false; `.env.example` lists every variable.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from safer.core.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# A local demonstration (./run demo): demo-only helpers such as demo_otp_code work. Never in
# production.
DEMO_MODE = env_bool("DEMO_MODE", default=False)
SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false (see .env.example)")
    SECRET_KEY = "insecure-development-key-never-use-in-production"
# Earlier secret keys, comma-separated, still accepted for sessions, sign-in links and other
# signed values while SECRET_KEY is rotated (docs/operations.md, "Rotate keys").
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", default=[])
# The secret the audit log's hash chain is keyed with (HMAC-SHA256); the database never holds it.
# Empty: derived from SECRET_KEY. Set it in production, so SECRET_KEY can be rotated on its own.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY", default="")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI files, so the API docs page loads nothing from a CDN
    "safer.core",
    "safer.accounts",
    "safer.partners",
    "safer.audit",
    "safer.people",
    "safer.places",
    "safer.cases",
    "safer.intel",
    "safer.plans",
    "safer.letters",
    "safer.privacy",
    "safer.surveys",
    "safer.casereviews",
    "safer.tasking",
    "safer.referrals",
    "safer.cohorts",
    "safer.notifications",
    "safer.public",
    "safer.hateincidents",
    "safer.opendata",
    "safer.neighbourhoods",
    "safer.open311",
    "safer.schemes",
    "safer.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "safer.core.middleware.RequestContextMiddleware",
    "safer.accounts.sessions.IdleExpirySessionMiddleware",
    "safer.core.middleware.PublicLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safer.core.middleware.RequestLogMiddleware",
    "safer.core.middleware.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safer.partners.middleware.TwoFactorRequiredMiddleware",
    "safer.schemes.middleware.SchemeMemberBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safer.core.context_processors.service",
                "safer.core.context_processors.language",
                "safer.partners.context_processors.membership",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (DATABASE_URL=postgres://...) is the production store.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so the audit hash chain never forks.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle expiry: activity pushes the expiry forward, so a session dies after this much idleness.
# The row is rewritten at most once a SESSION_TOUCH_SECONDS, not on every request
# (safer/accounts/sessions.py), so idleness ends a session within that margin of exact.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ENGINE = "safer.accounts.sessions"
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "safer_session"
CSRF_COOKIE_NAME = "safer_csrftoken"

# Lock-out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safer.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Failed sign-ins from one address across all accounts (password spraying): past the limit the
# address is refused with 429 until the window ends. High, since an office may share an address.
SIGN_IN_IP_FAILURE_LIMIT = env_int("SIGN_IN_IP_FAILURE_LIMIT", default=50)
SIGN_IN_IP_WINDOW_MINUTES = env_int("SIGN_IN_IP_WINDOW_MINUTES", default=15)

# Personal API tokens: their default lifetime, and how many failed token authentications one
# client address (or one key id) may make per window before it is refused with 429.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", default=90)
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", default=20)
API_TOKEN_FAILURE_WINDOW_MINUTES = env_int("API_TOKEN_FAILURE_WINDOW_MINUTES", default=15)
# Password links: at most this many issued per account, and at most this many uses of the
# set-password page per client address, per window.
PASSWORD_LINK_LIMIT = env_int("PASSWORD_LINK_LIMIT", default=5)
PASSWORD_SET_ATTEMPT_LIMIT = env_int("PASSWORD_SET_ATTEMPT_LIMIT", default=20)
PASSWORD_RATE_WINDOW_MINUTES = env_int("PASSWORD_RATE_WINDOW_MINUTES", default=60)
if (
    min(
        SIGN_IN_IP_FAILURE_LIMIT,
        SIGN_IN_IP_WINDOW_MINUTES,
        API_TOKEN_DAYS,
        API_TOKEN_FAILURE_LIMIT,
        API_TOKEN_FAILURE_WINDOW_MINUTES,
        PASSWORD_LINK_LIMIT,
        PASSWORD_SET_ATTEMPT_LIMIT,
        PASSWORD_RATE_WINDOW_MINUTES,
    )
    < 1
):
    raise ImproperlyConfigured(
        "SIGN_IN_IP_*, API_TOKEN_* and PASSWORD_* limits and periods must be at least 1 "
        "(see .env.example)"
    )

# Two-factor authentication (django-otp TOTP).
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", default="Safer Communities")

# --- Security headers (hardened unless DEBUG) -----------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The demo (./run demo, DEMO_MODE) is plain HTTP on loopback, so it turns off exactly the four
# HTTPS settings `check --deploy` asks for; those four warnings, and no others, are silenced
# there, and only while every allowed host is loopback (docs/security.md, "Deployment checks").
DEMO_PLAIN_HTTP_CHECKS = ["security.W004", "security.W008", "security.W010", "security.W016"]
if DEMO_MODE and ALLOWED_HOSTS and set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "::1"}:
    SILENCED_SYSTEM_CHECKS = DEMO_PLAIN_HTTP_CHECKS

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads live outside the web root and are never served as static files.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "uploads")))

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py task_worker` enqueues a heartbeat this often; /healthz calls the worker stale when
# none has finished for WORKER_HEARTBEAT_STALE_SECONDS (a long task delays it too).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", default=30)
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", default=300)

# --- Monitoring (docs/operations.md) --------------------------------------------------------
# What /healthz reports beyond the database: callables () -> dict of fields.
HEALTH_CHECKS = ["safer.intel.health.analytics_store"]
# /metrics answers a scraper sending "Authorization: Bearer <METRICS_TOKEN>", and callers on
# loopback only when no proxy fronts the service (behind nginx, loopback is everyone).
METRICS_TOKEN = env_str("METRICS_TOKEN", default="")
METRICS_ALLOW_LOOPBACK = env_bool(
    "METRICS_ALLOW_LOOPBACK",
    default=not (
        env_bool("BEHIND_TLS_PROXY", default=False)
        or env_bool("USE_X_FORWARDED_FOR", default=False)
    ),
)
# Figures the domain apps add to /metrics: callables () -> iterable of metric families.
METRICS_COLLECTORS = ["safer.intel.metrics.import_runs"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The languages the partnership serves on its public pages (docs/languages.md): chosen by the
# language switcher (a cookie) or the browser's Accept-Language. Staff pages stay in English.
LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("zh-hant", "繁體中文"),
    ("ur", "اردو"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "safer_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG and env_bool("SESSION_COOKIE_SECURE", default=True)
# Paths (prefixes) of the public pages: only these follow the visitor's language.
# Abuse protection on the public forms (safer/public/protection.py): submissions per address per
# hour, and the largest photo accepted (bytes, and pixels so a small file cannot expand).
PUBLIC_SUBMISSIONS_PER_HOUR = env_int("PUBLIC_SUBMISSIONS_PER_HOUR", default=10)
PUBLIC_PHOTO_MAX_BYTES = env_int("PUBLIC_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
PUBLIC_PHOTO_MAX_PIXELS = env_int("PUBLIC_PHOTO_MAX_PIXELS", default=40_000_000)
PUBLIC_PHOTOS_PER_REPORT = env_int("PUBLIC_PHOTOS_PER_REPORT", default=3)
# Photos added to a journey that was never sent are deleted after this many hours.
PUBLIC_PHOTO_PENDING_HOURS = env_int("PUBLIC_PHOTO_PENDING_HOURS", default=24)
PUBLIC_LANGUAGE_PATHS = [
    "/public/",
    "/report-asb",
    "/report-hate-incident",
    "/ask-for-a-case-review",
    "/check-a-report",
    "/crime-map",
    "/crime-statistics",
    "/news",
    "/screen",
]
# Reports residents send through /report-asb: the organisation (short name) whose intake queue
# receives them (empty = the first active district council), and how long the "check a report"
# link sent by e-mail stays usable.
PUBLIC_REPORTS_ORGANISATION = env_str("PUBLIC_REPORTS_ORGANISATION", default="")
PUBLIC_STATUS_LINK_HOURS = env_int("PUBLIC_STATUS_LINK_HOURS", default=24)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="safer-communities@localhost")
# The SMTP server when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend
# (docs/notifications.md). A server that does not answer in EMAIL_TIMEOUT seconds is recorded
# as refusing the message.
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10)

# --- Service --------------------------------------------------------------------------------
SERVICE_NAME = "Safer Communities"
SERVICE_PHASE = env_str("SERVICE_PHASE", default="beta")
PARTNERSHIP_NAME = env_str("PARTNERSHIP_NAME", default="Cherwell Safer Communities Partnership")
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", default="safer-communities@example.org")

# --- Address finder ---------------------------------------------------------------------------
# The largest gazetteer CSV `import_addresses` reads (a district's AddressBase Plus is ~30 MB).
PLACES_IMPORT_MAX_MB = env_int("PLACES_IMPORT_MAX_MB", default=200)
# manage.py import_caseload: the largest file (or folder of CSV files) read, in MB.
CASELOAD_IMPORT_MAX_MB = env_int("CASELOAD_IMPORT_MAX_MB", default=50)

# --- Community intelligence hub -------------------------------------------------------------
# Crime data live in Parquet files here, queried by DuckDB, apart from the case database.
INTEL_DATA_DIR = Path(env_str("INTEL_DATA_DIR", default=str(BASE_DIR / "var" / "intel")))
INTEL_DUCKDB_THREADS = env_int("INTEL_DUCKDB_THREADS", default=2)
# Map tiles: empty means no tile server (plain background and area outlines only).
INTEL_TILE_URL = env_str("INTEL_TILE_URL", default="")
INTEL_TILE_ATTRIBUTION = env_str("INTEL_TILE_ATTRIBUTION", default="")
# The area the hub opens on: a local authority code.
INTEL_DEFAULT_AREA = env_str("INTEL_DEFAULT_AREA", default="E07000177")
INTEL_UPLOAD_MAX_MB = env_int("INTEL_UPLOAD_MAX_MB", default=100)
# ZIP archives (uploads and import_crime) are checked before anything is unpacked: at most
# this many members, this many MB unpacked (counted again while unpacking), and this many times
# the archive's own size (zip bombs pack a thousand to one; police.uk CSVs about five).
INTEL_ZIP_MAX_MEMBERS = env_int("INTEL_ZIP_MAX_MEMBERS", default=1000)
INTEL_ZIP_MAX_UNCOMPRESSED_MB = env_int("INTEL_ZIP_MAX_UNCOMPRESSED_MB", default=2048)
INTEL_ZIP_MAX_RATIO = env_int("INTEL_ZIP_MAX_RATIO", default=100)
# A CSV with a line longer than this is refused, naming the line (police.uk lines are < 1 KB).
INTEL_CSV_MAX_LINE_KB = env_int("INTEL_CSV_MAX_LINE_KB", default=64)
# Side of the square cells of hotspot grids and predictions, in metres.
INTEL_CELL_SIZE_M = env_int("INTEL_CELL_SIZE_M", default=250)


# --- Content-Security-Policy (django-csp) ---------------------------------------------------
# Scripts and styles only from our own files: templates carry no inline script, style or event
# handler attribute, so neither 'unsafe-inline' nor 'unsafe-eval' is needed. Images may also be
# data: URIs (GOV.UK Frontend, Leaflet) and the map tiles, when a tile server is configured.


def csp_tile_source(url: str) -> str | None:
    """The CSP source for a Leaflet tile URL template: its origin, a `{s}` subdomain as `*`.

    None when no tile server is configured or the tiles are on our own origin ('self').
    """
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    first, dot, rest = parts.netloc.partition(".")
    if "{" in rest:
        raise ImproperlyConfigured(
            "INTEL_TILE_URL may have a placeholder such as {s} only as the first part of the "
            f"server name (https://{{s}}.tiles.example.org/...), not {url!r}"
        )
    host = ("*" if "{" in first else first) + dot + rest
    return f"{parts.scheme}://{host}" if parts.scheme else host


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [csp_tile_source(INTEL_TILE_URL)])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One JSON object per line in production (safer/core/logging.py), plain text when debugging.
LOG_FORMAT = env_str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", default="INFO"))
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", default=False)

# Panels on the signed-in home page, in order: callables (request) -> {"template", ...} or None.
HOME_PANELS = ["safer.cases.panels.caseload_panel"]
# Panels on a person's page: callables (request, person) -> {"template", ...} or None.
PERSON_PANELS = [
    "safer.privacy.panels.restriction_panel",
    "safer.cases.panels.person_history_panel",
]
# Called after a person's details change, so apps that depend on people can react (flags).
PERSON_CHANGED_HOOKS = ["safer.cases.services.reports.person_changed"]
# Where a person's latest report comes from, to tell proposed matches apart: callables
# (user, person_ids) -> {person_id: (reference, reported_at)}, within the access rule.
PERSON_LAST_REPORTS = ["safer.cases.selectors.people_last_reports"]
# Daily jobs: callables (no arguments) that queue a job unless it was queued within the day, so
# the task worker can ask every heartbeat and `manage.py daily_jobs` may run from cron twice.
DAILY_JOBS = ["safer.privacy.tasks.retention_enqueue_due"]
# What follows a case's closure in other apps: callables (case, closed_by), run in the closing
# transaction.
# Further sections of a subject access export: callables (person_ids) -> {"key", "title",
# "rows": [{column: value}]} for what other apps hold about a person.
SUBJECT_ACCESS_SECTIONS = [
    "safer.notifications.selectors.subject_access_messages",
    "safer.surveys.selectors.subject_access_surveys",
    "safer.referrals.selectors.subject_access_referrals",
    "safer.cohorts.selectors.subject_access_cohorts",
    "safer.casereviews.selectors.subject_access_applications",
]
CASE_CLOSED_HOOKS = ["safer.surveys.services.survey_offer_on_closure"]
# Called as hook(case, assessment, reviewed_by) when an open case is reviewed (a risk
# assessment at the review stage of one of its reports).
CASE_REVIEWED_HOOKS = ["safer.surveys.services.survey_offer_at_review"]
# Panels on a case's page, after its people: callables (request, case) -> {"template", ...} or
# None, called only for a user who may open the case.
CASE_PANELS = ["safer.referrals.panels.case_referrals_panel"]

# --- Offender cohorts (docs/cohorts.md) -------------------------------------------------------
# The longest period counted before and after a member joined a cohort, in days.
COHORT_MEASURE_DAYS = env_int("COHORT_MEASURE_DAYS", default=365)
PERSON_PANELS.append("safer.referrals.panels.person_referrals_panel")
PERSON_PANELS.append("safer.cohorts.panels.person_cohorts_panel")

# --- Notifications and reminders (docs/notifications.md) -----------------------------------
# Text messages go through GOV.UK Notify only when both are set: a template whose whole content
# is ((body)). Otherwise they are recorded as "not sent: no text message service configured".
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", default="")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", default="")
# The daily reminder digest lists what falls due within this many days, and what is overdue.
REMINDER_DUE_SOON_DAYS = env_int("REMINDER_DUE_SOON_DAYS", default=7)
# A high-risk victim is flagged when not contacted this many days after first contact was due.
REMINDER_HIGH_RISK_CONTACT_DAYS = env_int("REMINDER_HIGH_RISK_CONTACT_DAYS", default=0)
# The digest is queued from this hour (local time) on: the worker asks all day, cron may ask once.
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", default=7)
# Reminder kinds other apps add: callables (*, user, today) -> list of dicts with kind, title,
# due_on, url (and case_id when the item is about a case); a callable may carry a
# REMINDER_KINDS = {kind: label} attribute so users can choose its kinds before any is due.
REMINDER_SOURCES: list[str] = []
DAILY_JOBS.append("safer.notifications.tasks.reminder_digests_enqueue_due")
# Anonymising a person clears the address and words of the messages sent to them.
PERSON_CHANGED_HOOKS.append("safer.notifications.services.person_changed")

# --- Satisfaction surveys -------------------------------------------------------------------
# Offered to the reporter when a case closes (and at each review of an open case when
# SURVEY_AT_REVIEW is on), through a single-use link that closes after
# SURVEY_LINK_DAYS; shares of fewer than SURVEY_MIN_ANSWERS answers are never shown.
SURVEY_ON_CLOSURE = env_bool("SURVEY_ON_CLOSURE", default=True)
SURVEY_AT_REVIEW = env_bool("SURVEY_AT_REVIEW", default=False)
SURVEY_LINK_DAYS = env_int("SURVEY_LINK_DAYS", default=28)
SURVEY_MIN_ANSWERS = env_int("SURVEY_MIN_ANSWERS", default=5)

# --- Community Trigger (ASB case review; docs/community-trigger.md) -------------------------
# The threshold: COMMUNITY_TRIGGER_COMPLAINTS qualifying complaints, each reported within
# COMMUNITY_TRIGGER_REPORTING_DAYS of the behaviour, the behaviour within
# COMMUNITY_TRIGGER_WINDOW_MONTHS before the application; with COMMUNITY_TRIGGER_HATE_ALONE one
# qualifying hate-motivated complaint is enough. The decision is due in
# COMMUNITY_TRIGGER_DECISION_DAYS working days.
COMMUNITY_TRIGGER_COMPLAINTS = env_int("COMMUNITY_TRIGGER_COMPLAINTS", default=3)
COMMUNITY_TRIGGER_REPORTING_DAYS = env_int("COMMUNITY_TRIGGER_REPORTING_DAYS", default=31)
COMMUNITY_TRIGGER_WINDOW_MONTHS = env_int("COMMUNITY_TRIGGER_WINDOW_MONTHS", default=6)
COMMUNITY_TRIGGER_HATE_ALONE = env_bool("COMMUNITY_TRIGGER_HATE_ALONE", default=False)
COMMUNITY_TRIGGER_DECISION_DAYS = env_int("COMMUNITY_TRIGGER_DECISION_DAYS", default=10)
# Who receives applications sent through the public form (/ask-for-a-case-review): an
# organisation's short name; empty = the first district council.
COMMUNITY_TRIGGER_PUBLIC_ORGANISATION = env_str("COMMUNITY_TRIGGER_PUBLIC_ORGANISATION", default="")
DAILY_JOBS.append("safer.casereviews.tasks.eligible_victims_enqueue_due")
DAILY_JOBS.append("safer.public.photos.pending_photos_enqueue_due")
REMINDER_SOURCES.append("safer.casereviews.selectors.reminders")
# What a tasking meeting's proposed agenda draws on: callables (*, series, held_on, since) ->
# list of {"kind", "case", "title", "reason"}.
TASKING_AGENDA_SOURCES: list[str] = ["safer.casereviews.selectors.agenda_proposals"]
# Panels on a report's page: callables (request, report) -> {"template", ...} or None.
REPORT_PANELS = ["safer.casereviews.panels.second_complaint_panel"]
PERSON_PANELS.append("safer.casereviews.panels.person_panel")
CASE_PANELS.append("safer.casereviews.panels.case_second_complaint_panel")
# Where members of the public reach the service (links in e-mails and text messages).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Which report references a user may open, so a person's record never names one they may not:
# callables (user, references) -> set of references.
REPORT_REFERENCES_VISIBLE = ["safer.cases.selectors.visible_report_references"]
# Person matching (the API's match check and the intake page): each user may check at most this
# many people per window, so names and details cannot be probed in bulk. Counted in the database,
# so every worker shares the count.
PEOPLE_MATCH_LIMIT = env_int("PEOPLE_MATCH_LIMIT", default=100)
PEOPLE_MATCH_WINDOW_MINUTES = env_int("PEOPLE_MATCH_WINDOW_MINUTES", default=10)
if PEOPLE_MATCH_LIMIT < 1 or PEOPLE_MATCH_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "PEOPLE_MATCH_LIMIT and PEOPLE_MATCH_WINDOW_MINUTES must be at least 1 (see .env.example)"
    )

# --- Case management ------------------------------------------------------------------------
# Working days allowed from a report to its first risk assessment.
RISK_ASSESSMENT_DUE_WORKING_DAYS = env_int("RISK_ASSESSMENT_DUE_WORKING_DAYS", default=1)
# Repeat detection: N reports within a rolling window of D days.
REPEAT_CALLER_MIN_REPORTS = env_int("REPEAT_CALLER_MIN_REPORTS", default=3)
REPEAT_CALLER_WINDOW_DAYS = env_int("REPEAT_CALLER_WINDOW_DAYS", default=365)
REPEAT_SIMILAR_MIN_REPORTS = env_int("REPEAT_SIMILAR_MIN_REPORTS", default=3)
REPEAT_SIMILAR_WINDOW_DAYS = env_int("REPEAT_SIMILAR_WINDOW_DAYS", default=90)
REPEAT_LOCATION_MIN_REPORTS = env_int("REPEAT_LOCATION_MIN_REPORTS", default=3)
REPEAT_LOCATION_WINDOW_DAYS = env_int("REPEAT_LOCATION_WINDOW_DAYS", default=365)
REPEAT_PERPETRATOR_MIN_REPORTS = env_int("REPEAT_PERPETRATOR_MIN_REPORTS", default=3)
REPEAT_PERPETRATOR_WINDOW_DAYS = env_int("REPEAT_PERPETRATOR_WINDOW_DAYS", default=365)
# Case documents: largest upload in megabytes, and the file types accepted.
CASE_DOCUMENT_MAX_MB = env_int("CASE_DOCUMENT_MAX_MB", default=10)

# --- Data protection (docs/data-protection.md) ----------------------------------------------
# How long records are kept, in years; `manage.py apply_retention` and its daily task apply them.
# Documents go with their case; the audit log is kept whole (it names records by id only).
RETENTION_YEARS = {
    "closed_cases": env_int("RETENTION_CLOSED_CASE_YEARS", default=6),  # from closure
    "reports_without_case": env_int("RETENTION_REPORT_WITHOUT_CASE_YEARS", default=2),
}

# --- Hate incidents (docs/hate-incidents.md) ------------------------------------------------
# The police organisation (short name) an incident goes to when the reporter consents; blank:
# the first active police organisation. The organisation (short name) whose co-ordinators
# maintain the routing rules and see incidents routed nowhere; blank: the first active district
# council. Hours the police have for first contact (rules set their own).
HATE_INCIDENT_POLICE_ORGANISATION = env_str("HATE_INCIDENT_POLICE_ORGANISATION", default="")
HATE_INCIDENT_COORDINATORS = env_str("HATE_INCIDENT_COORDINATORS", default="")
HATE_INCIDENT_POLICE_FIRST_CONTACT_HOURS = env_int(
    "HATE_INCIDENT_POLICE_FIRST_CONTACT_HOURS", default=24
)

# --- Open data: the police.uk-compatible API (docs/opendata.md) ----------------------------
# Calls per address per window (police.uk allows 15 a second on average); more answer 429 with
# Retry-After. A street-level answer of more than OPENDATA_MAX_CRIMES crimes answers 503, as
# police.uk's does above 10,000.
OPENDATA_RATE_LIMIT = env_int("OPENDATA_RATE_LIMIT", default=900)
OPENDATA_RATE_WINDOW_SECONDS = env_int("OPENDATA_RATE_WINDOW_SECONDS", default=60)
OPENDATA_MAX_CRIMES = env_int("OPENDATA_MAX_CRIMES", default=10000)
# The public crime map, statistics and community screens (docs/opendata.md): counts from the
# case system under OPENDATA_MINIMUM_COUNT are shown as "fewer than N" (totals as ranges); the
# screens fetch new content every OPENDATA_SCREEN_REFRESH_SECONDS.
OPENDATA_MINIMUM_COUNT = env_int("OPENDATA_MINIMUM_COUNT", default=5)
OPENDATA_SCREEN_REFRESH_SECONDS = env_int("OPENDATA_SCREEN_REFRESH_SECONDS", default=180)
# The police.uk force id of the partnership's neighbourhoods (`/api/<force>/neighbourhoods`);
# it should be the force /api/forces lists for the crimes imported (Cherwell: thames-valley).
NEIGHBOURHOODS_FORCE = env_str("NEIGHBOURHOODS_FORCE", default="thames-valley")

# --- Open311 GeoReport v2 (docs/open311.md) ------------------------------------------------
# Reports an app (per key) and an address may send an hour; a POST body's largest size;
# "realtime" (a POST answers the report's reference) or "batch" (it answers a token); and how
# app makers reach the partnership, e.g. an e-mail address (discovery's contact and key_service).
OPEN311_POSTS_PER_HOUR_PER_KEY = env_int("OPEN311_POSTS_PER_HOUR_PER_KEY", default=600)
OPEN311_POSTS_PER_HOUR_PER_ADDRESS = env_int("OPEN311_POSTS_PER_HOUR_PER_ADDRESS", default=600)
OPEN311_MAX_BODY_BYTES = env_int("OPEN311_MAX_BODY_BYTES", default=32 * 1024)
OPEN311_REQUEST_TYPE = env_str("OPEN311_REQUEST_TYPE", default="realtime")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", default="")
REPORT_PANELS.append("safer.open311.panels.report_open311_panel")

# --- Business crime schemes (docs/schemes.md) ---------------------------------------------------
# Days an offender profile's photographs and personal data are kept after its last exclusion
# ends; 0 removes them the day it ends.
SCHEME_PROFILE_GRACE_DAYS = env_int("SCHEME_PROFILE_GRACE_DAYS", default=0)
DAILY_JOBS.append("safer.schemes.retention.profiles_remove_enqueue_due")
