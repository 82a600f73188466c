console.log('sim');
