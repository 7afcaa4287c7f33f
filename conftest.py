pytest_plugins = ["kinship.testing.geography", "kinship.testing.browser"]
