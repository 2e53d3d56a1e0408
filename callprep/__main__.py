from callprep.entry import main

main()
