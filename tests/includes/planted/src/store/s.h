struct s {
	int x;
};
