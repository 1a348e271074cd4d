from eheritage.cli import main

main()
