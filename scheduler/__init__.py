"""Command line, configuration and sweep orchestration: the room that starts everything else."""
