"""Stage 4, the browser front end: Gradio views and their style."""
