from callprep.cli import main

main()
