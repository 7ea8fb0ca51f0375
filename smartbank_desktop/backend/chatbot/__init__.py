"""The chatbot endpoint: the voice assistant's dialogue, driven by text over the API."""
