module falconet.dev/falconet

go 1.21
