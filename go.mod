module github.com/cantieri/cantieri

go 1.26
