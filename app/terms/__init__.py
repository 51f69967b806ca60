"""Terms in office of the people the article names."""
