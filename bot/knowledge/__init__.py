"""What the assistant knows and says: FAQ content and its search, answers with their legal basis,
calculators and their forms, and referrals for questions outside labour law."""
