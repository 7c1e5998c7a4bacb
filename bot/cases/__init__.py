"""Workers' cases: the form engine and its specs' readers (forms, parsing), the facts a worker already told
(situation), the worker's situation as data for the rules that apply the law to it (profile), intake
forms and their case rules, tickets, membership applications, courses and enrolments, status lookups,
and urgent cases."""
