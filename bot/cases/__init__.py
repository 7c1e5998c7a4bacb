"""Workers' cases: the form engine and its specs' readers (forms, parsing), the facts a worker already told
(situation), intake forms and their case rules, tickets, membership applications, courses and
enrolments, status lookups, and urgent cases."""
