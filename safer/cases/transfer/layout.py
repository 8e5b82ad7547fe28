"""The caseload layout: one sheet (or CSV file) per record type, columns a caseworker would name,
rows linked by the exporting system's own references."""

from safer.cases.models import Case, Report, ReportPerson

PEOPLE = "People"
REPORTS = "Reports"
CASES = "Cases"
INTERVENTIONS = "Interventions"
SHEETS = {
    PEOPLE: [
        "Person reference",
        "First name",
        "Last name",
        "Description",
        "Date of birth",
        "Phone",
        "Email",
        "Address",
        "Postcode",
    ],
    REPORTS: [
        "Report reference",
        "Received via",
        "Happened",
        "Reported",
        "Category",
        "Type",
        "Description",
        "Address",
        "Postcode",
        "People involved",
    ],
    CASES: [
        "Case reference",
        "Title",
        "Type of case",
        "Status",
        "Reports",
        "Outcome",
        "Close reason",
    ],
    INTERVENTIONS: [
        "Intervention reference",
        "Case reference",
        "Person reference",
        "Type of intervention",
        "Applied",
        "Issued",
        "Served",
        "Expires",
        "Hours",
        "Conditions",
        "Supervisor",
        "Historical record",
    ],
}
# Where a sheet's rows are in a folder or a ZIP of CSV files.
CSV_NAMES = {PEOPLE: "people.csv", REPORTS: "reports.csv", CASES: "cases.csv"}
CSV_NAMES[INTERVENTIONS] = "interventions.csv"
# Columns that name a choice: each accepts the label shown on the pages or the stored value.
CHOICES = {
    (REPORTS, "Received via"): Report.ReceivedVia,
    (REPORTS, "Category"): Report.Category,
    (REPORTS, "Type"): Report.Type,
    (CASES, "Type of case"): Case.Kind,
    (CASES, "Status"): Case.Status,
    (CASES, "Outcome"): Case.Outcome,
}
ROLES = ReportPerson.Role
LIST_SEPARATOR = ";"
YES, NO = "Yes", "No"
