"""The law's catalogue as data: award types and rule sets (`award_types`), eligibility rules (`rules`)."""
