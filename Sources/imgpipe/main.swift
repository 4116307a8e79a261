print("imgpipe")
