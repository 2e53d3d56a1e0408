"""Layer 3, speech: text for speech, numerals, engines (gTTS, eSpeak NG), the cache, the audio folder."""
