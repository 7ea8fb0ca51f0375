"""The app's building blocks: big buttons, keypads, amounts in words, captions and the microphone."""
