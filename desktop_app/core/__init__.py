"""The conversation engine shared by the GUI and the command line. No Qt."""
