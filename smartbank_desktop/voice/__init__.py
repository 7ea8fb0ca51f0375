"""The offline voice assistant: audio in, speech recognition, intents, dialogue, speech out.

Pure Python: no Qt and no Django. The desktop app, the chatbot endpoint and the
command line all drive the same engine. Heavy libraries (vosk, pocketsphinx,
sounddevice, pyttsx3, faster-whisper) are imported only by the modules that need them.
"""
