"""Numbered sessions of the Republic of Korea – Central Asia Cooperation Forum."""
