"""kca: the Korea–Central Asia Relations API."""
