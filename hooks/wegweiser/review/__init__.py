"""Around a pull request: machine-readable check results, the reviewer's summary, who reviews what,
and the reminder of entries to look at. Pure functions of the directory and of git's file list; the
CLI (``wegweiser check --format gitlab``, ``summary``, ``scope``, ``codeowners``, ``report``) and the
CI files in .github/ and .gitlab-ci.yml call them."""
