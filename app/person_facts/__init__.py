"""What the article tells of people beyond their travel: their fates in and after office."""
